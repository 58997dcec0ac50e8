"""postcheck: tells a useful Russian brand post from self-serving advertising junk."""

__version__ = "0.1.0"
