"""Documents in: readers per format, the records they produce, and the data we write."""
