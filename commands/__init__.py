"""The command-line commands, one module per group; each module's `register(sub)` adds its sub-commands to the
parser that cli.py builds. Commands read arguments, call the feature and library packages, and print."""
