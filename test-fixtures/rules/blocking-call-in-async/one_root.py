"""One root cause, one finding: five async functions reach one blocking read
through helpers. The read is where the fix goes, so it is reported once, with the
async functions as related information ("and N more" past the first few)."""
from aiohttp import web



def read_template(name):
    with open(f"/srv/templates/{name}.html") as f:
    #    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
        return f.read()


def render(name, title):
    return read_template(name).replace("{{title}}", title)


async def home(request: web.Request):
    return render("home", "Home")


async def about(request: web.Request):
    return render("about", "About")


async def contact(request: web.Request):
    return read_template("contact")


async def help_page(request: web.Request):
    return render("help", "Help")


async def terms(request: web.Request):
    return render("terms", "Terms")
