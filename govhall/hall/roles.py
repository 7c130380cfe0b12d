"""Who may do what in the hall app, in one place (the capability table of the
security work can replace these lists)."""

from govhall.core.models import Role, TokenKind

# Who answers a duty call, until the staff app brings the duty rota (值班表).
DUTY_ROLES = (Role.DUTY_MANAGER, Role.CENTER_ADMIN)
# Who may call: whoever stands at a window (its terminal too) or the desk.
CALLERS = (
    Role.CLERK,
    Role.RECEPTION,
    Role.ASSISTANT,
    Role.CENTER_ADMIN,
    Role.DUTY_MANAGER,
    TokenKind.WINDOW,
)
