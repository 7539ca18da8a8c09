"""The assessment's use cases: storing and reading results, the ASQ as a second step, and telling
the practitioners who hold the assessments grant when a result needs their attention."""
