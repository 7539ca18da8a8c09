"""Understanding free text: the sentence-embedding model and the classifiers over it."""
