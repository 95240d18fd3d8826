"""The needs classifier: features, training, prediction with evidence, stakeholders, compliance, sales-method fields."""
