"""Train the shipped classifiers from our own examples and measure them on data nobody on the
team wrote; read the public labelled sets for both."""
