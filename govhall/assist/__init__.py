"""Assisted services (001 附录A; 002 二(二)(三)(五)(七)): 帮办, 代办, 陪办, language help."""
