"""System checks: what an operator must fix before the centre relies on it."""

from __future__ import annotations

from django.core.checks import Warning, register


@register()
def pdf_font_embedded(app_configs, **kwargs):
    from . import pdf

    if pdf.FONT == pdf.EMBEDDED_FONT:
        return []
    return [
        Warning(
            "PDF notices cannot embed their Chinese font: GOVHALL_PDF_FONT is not a usable "
            "TrueType font; archived notices would depend on the viewer's fonts.",
            hint="Install Debian's fonts-arphic-uming (make system-deps) or point "
            "GOVHALL_PDF_FONT at a TrueType CJK font.",
            id="core.W001",
        )
    ]
