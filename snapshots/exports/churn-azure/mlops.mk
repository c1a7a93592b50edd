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

.PHONY: validate_data train_model evaluate_model register_model deploy_staging promote_production challenger-score challenger-compare promote promote-check rollback gate drift

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

challenger-score:
	@echo 'mlops.mk: challenger-score: not written yet: challenger scoring: start this rollout stage' >&2
	@exit 1

challenger-compare:
	@echo 'mlops.mk: challenger-compare: not written yet: challenger scoring: fail unless the challenger scores the same batch as the champion; its auc (higher is better) is compared once the batch'"'"'s labels arrive; until then, an early read compares its score distribution with the champion'"'"'s, and the batch must finish before its deadline' >&2
	@exit 1

promote:
	@echo 'mlops.mk: promote: not written yet: promotion: start this rollout stage' >&2
	@exit 1

promote-check:
	@echo 'mlops.mk: promote-check: not written yet: promotion: fail unless the next batch is scored by the new champion and its output passes the data checks' >&2
	@exit 1

rollback:
	@echo 'mlops.mk: rollback: not written yet: undo the rollout: restores the previous version for the next scoring run' >&2
	@exit 1

# The promotion gate and the drift check, as the pipeline runs them.
gate:
	mlops-wizard gate "$(EVALUATION_FILE)" --spec "$(MLOPS_SPEC)"

drift:
	mlops-wizard drift --reference "$(DRIFT_REFERENCE)" --current "$(DRIFT_CURRENT)" \
		--spec "$(MLOPS_SPEC)" --history "$(DRIFT_HISTORY)"
