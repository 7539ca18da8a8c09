"""The assessment pages: the form, the result, and the ASQ as a second step."""
