# Stage targets for the ML pipeline, written once by mlops-wizard: this file is yours now,
# and a re-export never writes over it. The pipeline's jobs read it without a Makefile
# (they set MAKEFILES=mlops.mk); include it from your Makefile to
# run its targets with a plain make:
#
#     include mlops.mk
#
# A target that says "not written yet" fails on purpose: put your command there.

# Read once, whether make reads it through MAKEFILES, your Makefile or both.
ifndef MLOPS_MK_READ
MLOPS_MK_READ := 1

EVALUATION_FILE ?= metrics/evaluation.json
COMPARISON_FILE ?= metrics/comparison.json
MLOPS_SPEC ?= mlops-architecture.yaml
MLOPS_OUTPUTS ?= mlops-outputs.env
DRIFT_REFERENCE ?= data/reference.csv
DRIFT_CURRENT ?= data/current.csv
DRIFT_HISTORY ?= monitoring/drift-history.jsonl

.PHONY: validate_data train_model evaluate_model register_model deploy_staging canary canary-check promote_production rollback gate drift

validate_data:
	@echo 'mlops.mk: validate_data: not written yet: check the training data against its expectations; fail on a violation' >&2
	@exit 1

train_model:
	@echo 'mlops.mk: train_model: not written yet: train the model; write RUN_ID=<the run id> to the file MLOPS_OUTPUTS names' >&2
	@exit 1

evaluate_model:
	@echo 'mlops.mk: evaluate_model: not written yet: score the candidate (run RUN_ID) and production; write metrics/evaluation.json' >&2
	@exit 1

register_model:
	@echo 'mlops.mk: register_model: not written yet: register the model of run RUN_ID; write MODEL_VERSION=<version> to the file MLOPS_OUTPUTS names' >&2
	@exit 1

deploy_staging:
	@echo 'mlops.mk: deploy_staging: not written yet: deploy MODEL_VERSION to staging and smoke-test it' >&2
	@exit 1

canary:
	@echo 'mlops.mk: canary: not written yet: canary 10 %: make it so for MODEL_VERSION: alias `canary`; 10 % of traffic; run again, it changes nothing' >&2
	@exit 1

canary-check:
	@echo 'mlops.mk: canary-check: not written yet: canary 10 %: fail unless p95 latency < 100 ms; error rate < 1 %; predictions against production'"'"'s; accuracy on labelled live data' >&2
	@exit 1

promote_production:
	@echo 'mlops.mk: promote_production: not written yet: production: make it so for MODEL_VERSION: alias `champion` (the pending mark removed); run again, it changes nothing' >&2
	@exit 1

rollback:
	@echo 'mlops.mk: rollback: not written yet: undo the step MODEL_VERSION reached (nothing, if it reached none): traffic back to production; mark removed and production mark and traffic back on the previous version; run again, it changes nothing' >&2
	@exit 1

# The promotion gate and the drift check, as the pipeline runs them.
gate:
	mlops-wizard gate "$(EVALUATION_FILE)" --spec "$(MLOPS_SPEC)"

drift:
	mlops-wizard drift --reference "$(DRIFT_REFERENCE)" --current "$(DRIFT_CURRENT)" \
		--spec "$(MLOPS_SPEC)" --history "$(DRIFT_HISTORY)"

endif  # MLOPS_MK_READ
