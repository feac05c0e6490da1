"""`python -m gapal …`: the `gapal` command run by this interpreter (no script needed)."""

from gapal.cli import main

main()
