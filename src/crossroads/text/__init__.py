"""Understanding free text: the sentence-embedding model, the classifiers over it and the
classification contract; pipeline/ trains the classifiers and measures them."""
