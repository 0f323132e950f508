"""The export formats, named once: the question formats and the SCORM package's versions and
editions (the command line and the exporters read these)."""

from __future__ import annotations

#: Question exports: Moodle XML, GIFT, IMS QTI 1.2 (Canvas).
FORMATS = ("moodle", "gift", "qti")
#: SCORM 1.2 (the default) or 2004 4th edition.
SCORM_VERSIONS = ("1.2", "2004")
#: The editions a SCORM package is made of (the instructor edition's keys never go to learners).
SCORM_EDITIONS = ("student", "assignment")
