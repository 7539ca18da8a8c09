"""The repeated-measures pages: trends drawn over the bands, retakes and their schedules."""
