"""The blocking call is in a branch this call site cannot take, or can."""
import socket


class Nodes:
    def __init__(self):
        self.cache = {}

    def get_node(self, host=None, port=None, node_name=None):
        if host and port:
            if host == "localhost":
                host = socket.gethostbyname(host)
                #      ^^^^^^^^^^^^^^^^^^^^^^^^^^ blocking-call-in-async
            return self.cache.get((host, port))
        return self.cache.get(node_name)


class Client:
    def __init__(self):
        self.nodes = Nodes()

    def node(self, host=None, port=None, node_name=None):
        return self.nodes.get_node(host, port, node_name)


async def by_name(client: Client, name):
    # host and port stay None: `if host and port:` is never entered.
    return client.node(node_name=name)


async def by_address(client: Client, host, port):
    # The host comes from the caller and may be "localhost": the lookup can run.
    return client.node(host, port)
