"""The CLI's commands, one module per area; `triage.cli` registers them."""
