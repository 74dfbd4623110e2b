"""``python -m s3graph``."""

from .cli import main

main()
