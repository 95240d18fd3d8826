"""Text to statements to needs: language, normalisation, segmentation, embeddings and the needs classifier."""
