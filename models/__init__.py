"""The default postcheck model, shipped inside the wheel (rebuild it with `make model`)."""
