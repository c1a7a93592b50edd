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

.PHONY: validate_data train_model evaluate_model register_model deploy_staging promote_production shadow-deploy shadow-check shadow-compare shadow-report promote promote-check rollback gate drift

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

promote_production:
	@echo 'mlops.mk: promote_production: not written yet: mark MODEL_VERSION as the production model in the registry' >&2
	@exit 1

shadow-deploy:
	@echo 'mlops.mk: shadow-deploy: not written yet: shadow: start this rollout stage' >&2
	@exit 1

shadow-check:
	@echo 'mlops.mk: shadow-check: not written yet: shadow: fail unless p95 latency within the promotion criterion; error rate < 1 %; PSI of the key features within the drift threshold; prediction distribution close to production'"'"'s' >&2
	@exit 1

shadow-compare:
	@echo 'mlops.mk: shadow-compare: not written yet: shadow comparison: start this rollout stage' >&2
	@exit 1

shadow-report:
	@echo 'mlops.mk: shadow-report: not written yet: shadow comparison: fail unless auc on the shadowed traffic, once its labels have arrived, meets the promotion criteria against production' >&2
	@exit 1

promote:
	@echo 'mlops.mk: promote: not written yet: switch: start this rollout stage' >&2
	@exit 1

promote-check:
	@echo 'mlops.mk: promote-check: not written yet: switch: fail unless the shadow'"'"'s live checks, now on served traffic' >&2
	@exit 1

rollback:
	@echo 'mlops.mk: rollback: not written yet: undo the rollout: removes the shadow; after the switch, returns all traffic to the previous version' >&2
	@exit 1

# The promotion gate and the drift check, as the pipeline runs them.
gate:
	mlops-wizard gate "$(EVALUATION_FILE)" --spec "$(MLOPS_SPEC)"

drift:
	mlops-wizard drift --reference "$(DRIFT_REFERENCE)" --current "$(DRIFT_CURRENT)" \
		--spec "$(MLOPS_SPEC)" --history "$(DRIFT_HISTORY)"
