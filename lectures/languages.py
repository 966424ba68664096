from django.utils.translation import get_language_info


def language_name(code: str) -> str:
    """The language's name in the current language ("svenska", "Swedish")."""
    try:
        return get_language_info(code)["name_translated"].lower()
    except KeyError:
        return code
