"""The product's features above the library engine: similar cases, the tender matrix, exports and briefs,
label corrections with retraining, the trainer's library view, and the services bundle the CLI and UI share.

Imports run one way: corpus <- nlp <- index <- features <- (cli.py, ui/)."""
