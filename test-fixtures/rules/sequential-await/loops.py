"""Independent awaits in a loop: they could run concurrently."""


async def fetch(url):
    return url


async def crawl(urls):
    pages = []
    for url in urls:
        pages.append(await fetch(url))
        #            ^^^^^^^^^^^^^^^^ sequential-await
    return pages


async def refresh(users):
    for user in users:
        await user.reload()
      # ^^^^^^^^^^^^^^^^^^^ sequential-await
