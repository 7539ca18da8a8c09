"""What each area a client can share is called on a page, in the client's own terms."""

from crossroads.kernel.consent import Area

AREA_LABELS = {
    Area.ASSESSMENTS: "My assessments",
    Area.COACHING: "My coaching goals and check-ins",
    Area.JOURNAL: "The patterns in my journal (never the entries)",
    Area.SAFETY_PLAN: "My safety plan",
    Area.CLINICAL: "My questionnaire scores (PHQ-9, GAD-7, PC-PTSD-5)",
}
