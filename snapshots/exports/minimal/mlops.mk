# Stage targets for the ML pipeline, written once by mlops-wizard: this file is yours now,
# and a re-export never writes over it. Include it from your Makefile:
#
#     include mlops.mk
#
# A target that says "not written yet" fails on purpose: put your command there.

EVALUATION_FILE ?= metrics/evaluation.json
MLOPS_SPEC ?= mlops-architecture.yaml
MLOPS_OUTPUTS ?= mlops-outputs.env
DRIFT_REFERENCE ?= data/reference.csv
DRIFT_CURRENT ?= data/current.csv
DRIFT_HISTORY ?= monitoring/drift-history.jsonl

.PHONY: validate_data train_model evaluate_model register_model deploy_staging promote_production canary canary-check rollback gate drift

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

promote_production:
	@echo 'mlops.mk: promote_production: not written yet: mark MODEL_VERSION as the production model in the registry' >&2
	@exit 1

canary:
	@echo 'mlops.mk: canary: not written yet: canary 10 %: start this rollout stage' >&2
	@exit 1

canary-check:
	@echo 'mlops.mk: canary-check: not written yet: canary 10 %: fail unless p95 latency within the promotion criterion; error rate < 1 %; accuracy on labelled live traffic ≥ production'"'"'s' >&2
	@exit 1

rollback:
	@echo 'mlops.mk: rollback: not written yet: undo the rollout: returns all traffic to the previous registered version' >&2
	@exit 1

# The promotion gate and the drift check, as the pipeline runs them.
gate:
	mlops-wizard gate "$(EVALUATION_FILE)" --spec "$(MLOPS_SPEC)"

drift:
	mlops-wizard drift --reference "$(DRIFT_REFERENCE)" --current "$(DRIFT_CURRENT)" \
		--spec "$(MLOPS_SPEC)" --history "$(DRIFT_HISTORY)"
