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

# Filled in for this project: every stage and release step runs the project's own module,
# for the strategies its examples derive (canary, shadow, champion-challenger, blue-green).
.PHONY: validate_data train_model evaluate_model register_model deploy_staging promote_production canary canary-check deploy-green green-check shadow-deploy shadow-check challenger-score challenger-check compare switch-traffic switch-check rollback gate drift

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

canary:
	python -m fraud.deploy canary $(PERCENT)

canary-check:
	python -m fraud.deploy canary-check $(PERCENT)

deploy-green:
	python -m fraud.deploy standby

green-check:
	python -m fraud.deploy standby-check

shadow-deploy:
	python -m fraud.deploy shadow

shadow-check:
	python -m fraud.deploy shadow-check

challenger-score:
	python -m fraud.deploy challenger

challenger-check:
	python -m fraud.deploy challenger-check

compare:
	python -m fraud.deploy compare "$(COMPARISON_FILE)"

switch-traffic:
	python -m fraud.deploy switch

switch-check:
	python -m fraud.deploy switch-check

promote_production:
	python -m fraud.deploy promote

rollback:
	python -m fraud.deploy rollback

# The promotion gate and the drift check, as the pipeline runs them.
gate:
	mlops-wizard gate "$(EVALUATION_FILE)" --spec "$(MLOPS_SPEC)"

drift:
	mlops-wizard drift --reference "$(DRIFT_REFERENCE)" --current "$(DRIFT_CURRENT)" \
		--spec "$(MLOPS_SPEC)" --history "$(DRIFT_HISTORY)"
