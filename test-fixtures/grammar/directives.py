# loopwise-disable-next-line blocking-call-in-async -- called once at start-up
data = open(p).read()  # loopwise-disable-line blocking-call-in-async, cpu-bound-in-threads
# loopwise-disable unpicklable-task
s = "# loopwise-disable-line blocking-call-in-async"
