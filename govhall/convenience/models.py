"""The convenience app's models live with their feature; Django finds them through this module."""

from .delivery import models as delivery_models  # noqa: F401
from .lending import models as lending_models  # noqa: F401
from .lost import models as lost_models  # noqa: F401
from .printing import models as printing_models  # noqa: F401
