"""CI pipeline generation for GitHub Actions, GitLab CI and Azure Pipelines."""
