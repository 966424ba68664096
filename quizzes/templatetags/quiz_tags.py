from decimal import Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def plain_number(value) -> str:
    """A number as people write it: no trailing zeros, the language's decimal mark
    ("0,5" in Swedish, "0.5" in English; "18", not "18,000000")."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    # normalize() drops trailing zeros but may write 100 as 1E+2; "f" writes it out.
    return formats.number_format(Decimal(format(number.normalize(), "f")))
