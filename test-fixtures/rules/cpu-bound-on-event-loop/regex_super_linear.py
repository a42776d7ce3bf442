"""Super-linear re patterns applied to input in async code (issue 13)."""
import re

IDENT_CALL = re.compile(r"[a-z_][A-Z_0-9]*(?=\s*\()", re.I)


async def label(request):
    text = await request.text()
    return re.search(r"a*:", text)
  #        ^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop


async def first_call(source):
    return IDENT_CALL.search(source)
  #        ^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop


async def words(body):
    return re.findall("\\w+\\b[\\w-]+", body)
  #        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop


async def email(message):
    # Exponential: a named group repeated, translated from (?P<user>...).
    return re.match(r"^(?P<user>[a-zA-Z0-9]+)+@example\.com$", message.body)
  #        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cpu-bound-on-event-loop
