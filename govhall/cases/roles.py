"""Who may open which case page, in one place: the views check these lists and
the workplace navigation (cases/navigation.py) offers the pages by them, so a
link is never offered to a role its page refuses. (The capability table of the
security work can replace them.)"""

from govhall.core.models import Role

# 待审批办件: a reviewer sees their departments' cases, the centre admin, who
# oversees the back offices, every department's.
REVIEW_ROLES = (Role.REVIEWER, Role.CENTER_ADMIN)
OPEN_CASES_ROLES = (Role.CENTER_ADMIN, Role.SUPERVISOR)
