"""The Supervision page's parts: for supervisors a workspace of tabs (overview, review queue,
sessions, caseload trends, barriers board, reports); for practitioners their feedback and
supervision sessions. Each tab lives in its own module of this package."""
