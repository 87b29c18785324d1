"""`python -m litwatch.cli`: the same as the `litwatch` script."""

from litwatch.cli import main

main()
