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

# Filled in for this project: every stage runs the project's own module.
.PHONY: validate_data train_model evaluate_model register_model deploy_staging promote_production canary canary-check rollback gate drift

validate_data:
	python -m fraud.validate data/transactions.csv

train_model:
	python -m fraud.train

evaluate_model:
	python -m fraud.evaluate

register_model:
	python -m fraud.deploy register

deploy_staging:
	python -m fraud.deploy staging

promote_production:
	python -m fraud.deploy promote

canary:
	python -m fraud.deploy canary $(PERCENT)

canary-check:
	python -m fraud.deploy check $(PERCENT)

rollback:
	python -m fraud.deploy rollback

# The promotion gate and the drift check, as the pipeline runs them.
gate:
	mlops-wizard gate "$(EVALUATION_FILE)" --spec "$(MLOPS_SPEC)"

drift:
	mlops-wizard drift --reference "$(DRIFT_REFERENCE)" --current "$(DRIFT_CURRENT)" \
		--spec "$(MLOPS_SPEC)" --history "$(DRIFT_HISTORY)"
