"""Policy what-ifs: variants as data, simulation over a cohort, sensitivity, synthetic cohorts."""
