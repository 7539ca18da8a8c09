"""Work across every feature: a person's home page, their export and deletion, what an admin may
do, the demo data and the background worker's rounds."""
