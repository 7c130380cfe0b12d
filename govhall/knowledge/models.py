"""The knowledge app's models live with their feature; Django finds them through this module."""

from .answers import models as answers_models  # noqa: F401
from .articles import models as articles_models  # noqa: F401
from .chat import models as chat_models  # noqa: F401
from .enquiries import models as enquiries_models  # noqa: F401
from .workorders import models as workorders_models  # noqa: F401
