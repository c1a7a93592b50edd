# Stage targets for the ML pipeline, written once by mlops-wizard: this file is yours now,
# and a re-export never writes over it. Include it from your Makefile:
#
#     include mlops.mk
#
# A target that says "not written yet" fails on purpose: put your command there.

EVALUATION_FILE ?= metrics/evaluation.json
COMPARISON_FILE ?= metrics/comparison.json
MLOPS_SPEC ?= mlops-architecture.yaml
MLOPS_OUTPUTS ?= mlops-outputs.env
DRIFT_REFERENCE ?= data/reference.csv
DRIFT_CURRENT ?= data/current.csv
DRIFT_HISTORY ?= monitoring/drift-history.jsonl

.PHONY: gate drift

# The promotion gate and the drift check, as the pipeline runs them.
gate:
	mlops-wizard gate "$(EVALUATION_FILE)" --spec "$(MLOPS_SPEC)"

drift:
	mlops-wizard drift --reference "$(DRIFT_REFERENCE)" --current "$(DRIFT_CURRENT)" \
		--spec "$(MLOPS_SPEC)" --history "$(DRIFT_HISTORY)"
