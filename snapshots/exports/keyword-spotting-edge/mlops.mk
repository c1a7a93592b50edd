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

.PHONY: validate_data train_model evaluate_model register_model deploy_staging rollout-cohort cohort-check promote_production rollback gate drift

validate_data:
	@echo 'mlops.mk: validate_data: not written yet: check the training data against its expectations; fail on a violation' >&2
	@exit 1

# DVC's pipeline (dvc.yaml), the data versioning the answers chose; no scan read the repository.
train_model:
	dvc repro --pull
	dvc push --run-cache
	echo "RUN_ID=$$(sha256sum dvc.lock | cut -c1-12)" >> "$(MLOPS_OUTPUTS)"

evaluate_model:
	@echo 'mlops.mk: evaluate_model: not written yet: score the candidate (run RUN_ID) and production; write metrics/evaluation.json' >&2
	@exit 1

register_model:
	@echo 'mlops.mk: register_model: not written yet: register the model of run RUN_ID; write MODEL_VERSION=<version> to the file MLOPS_OUTPUTS names' >&2
	@exit 1

deploy_staging:
	@echo 'mlops.mk: deploy_staging: not written yet: deploy MODEL_VERSION to staging and smoke-test it' >&2
	@exit 1

rollout-cohort:
	@echo 'mlops.mk: rollout-cohort: not written yet: cohort 1 % of devices: make it so for MODEL_VERSION: alias `rollout`; 1 % of devices; run again, it changes nothing' >&2
	@exit 1

cohort-check:
	@echo 'mlops.mk: cohort-check: not written yet: cohort 1 % of devices: fail unless crash-free sessions; p95 latency < 30 ms; predictions against production'"'"'s' >&2
	@exit 1

promote_production:
	@echo 'mlops.mk: promote_production: not written yet: production: make it so for MODEL_VERSION: alias `production` (the pending mark removed); run again, it changes nothing' >&2
	@exit 1

rollback:
	@echo 'mlops.mk: rollback: not written yet: undo the step MODEL_VERSION reached (nothing, if it reached none): release halted, remote configuration back on the previous model (installed devices keep it until the next release) and production mark and remote configuration back on the previous version; run again, it changes nothing' >&2
	@exit 1

# The promotion gate and the drift check, as the pipeline runs them.
gate:
	mlops-wizard gate "$(EVALUATION_FILE)" --spec "$(MLOPS_SPEC)"

drift:
	mlops-wizard drift --reference "$(DRIFT_REFERENCE)" --current "$(DRIFT_CURRENT)" \
		--spec "$(MLOPS_SPEC)" --history "$(DRIFT_HISTORY)"

endif  # MLOPS_MK_READ
