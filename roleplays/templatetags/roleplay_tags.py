from django import template

register = template.Library()

MINUS = "\u2212"  # the minus sign, not the hyphen a screen reader may skip


@register.filter
def signed(value) -> str:
    """Points with their sign: "+2", "−1" (a real minus sign), "0"; "–" for none."""
    if value is None or value == "":
        return "–"
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"{MINUS}{-number}"
    return "0"
