"""Who may open which queueing page, in one place: the views check these lists
and the workplace navigation offers the pages by them. (The capability table of
the security work can replace them.)"""

from govhall.core.models import Role, TokenKind

KIOSK_ROLES = (TokenKind.KIOSK, Role.RECEPTION, Role.CENTER_ADMIN, Role.CLERK)
DISPLAY_ROLES = (TokenKind.DISPLAY, Role.RECEPTION, Role.CENTER_ADMIN, Role.CLERK, Role.SUPERVISOR)
CONSOLE_ROLES = (TokenKind.WINDOW, Role.CLERK, Role.CENTER_ADMIN)
REPORT_ROLES = (Role.CENTER_ADMIN, Role.SUPERVISOR)
# The hub lists every centre the user may see: any staff user.
HUB_ROLES = tuple(Role.values)
