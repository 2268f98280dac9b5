"""Kept so existing imports (`from rfn_guide.pdf_export import ...`) work: the PDF export now
lives in the package rfn_guide/pdf/, one module a job (see its __init__)."""
from .pdf import *  # noqa: F401,F403
from .pdf import __all__  # noqa: F401
