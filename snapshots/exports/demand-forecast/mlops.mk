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

.PHONY: validate_data train_model evaluate_model register_model deploy_staging challenger-score challenger-check compare promote_production rollback gate drift

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

challenger-score:
	@echo 'mlops.mk: challenger-score: not written yet: challenger scoring: make it so for MODEL_VERSION: `PendingManualApproval`, with the customer metadata property `release=challenger` (`update-model-package --customer-metadata-properties`); scores the champion'"'"'s batch; the champion'"'"'s scores are used; run again, it changes nothing' >&2
	@exit 1

challenger-check:
	@echo 'mlops.mk: challenger-check: not written yet: challenger scoring: fail unless batch deadline met; predictions against production'"'"'s' >&2
	@exit 1

compare:
	@echo 'mlops.mk: compare: not written yet: find the candidate that carries `PendingManualApproval`, with the customer metadata property `release=challenger` (`update-model-package --customer-metadata-properties`) and whose labels are back (7 days after it started scoring); write MODEL_VERSION=<its version> to the file MLOPS_OUTPUTS names, and to COMPARISON_FILE the evaluation file'"'"'s fields measured on its labelled live traffic against production'"'"'s; write nothing when none is due; run again, it changes nothing' >&2
	@exit 1

promote_production:
	@echo 'mlops.mk: promote_production: not written yet: production: make it so for MODEL_VERSION: Stage `Production`, StageStatus `Approved`; `ModelApprovalStatus: Approved` (the pending mark removed); run again, it changes nothing' >&2
	@exit 1

rollback:
	@echo 'mlops.mk: rollback: not written yet: undo the step MODEL_VERSION reached (nothing, if it reached none): challenger'"'"'s scores discarded and production mark back on the previous version for the next scoring run; run again, it changes nothing' >&2
	@exit 1

# The promotion gate and the drift check, as the pipeline runs them.
gate:
	mlops-wizard gate "$(EVALUATION_FILE)" --spec "$(MLOPS_SPEC)"

drift:
	mlops-wizard drift --reference "$(DRIFT_REFERENCE)" --current "$(DRIFT_CURRENT)" \
		--spec "$(MLOPS_SPEC)" --history "$(DRIFT_HISTORY)"

endif  # MLOPS_MK_READ
