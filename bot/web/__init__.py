"""The HTTP side of `run` for operators: health, readiness and metrics (the webhook server is PTB's)."""
