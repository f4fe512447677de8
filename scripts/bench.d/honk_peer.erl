%% The Erlang/OTP peer for scripts/bench: the same workloads honk's harness runs, so both
%% figures come from one run on one machine. Prints one "erlang <metric> <value>" line per figure.
-module(honk_peer).
-export([main/1]).

main(Args) ->
    %% Run in a fresh process so that the flags below do not leak into the shell's process.
    Parent = self(),
    spawn_opt(fun() -> run(Args), Parent ! finished end, [{message_queue_data, off_heap}]),
    receive finished -> halt(0) end.

run([NStr, RunsStr]) ->
    N = list_to_integer(NStr),
    Runs = list_to_integer(RunsStr),
    Spawn = [spawn_run(N) || _ <- lists:seq(1, Runs + 1)],
    report("spawn_msg_exit_us", tl(Spawn)),
    Mem = [idle_mem(100000) || _ <- lists:seq(1, Runs)],
    report("idle_bytes_per_process", Mem),
    Rtt = [round_trip(1000000) || _ <- lists:seq(1, Runs)],
    report("round_trip_us", Rtt).

report(Name, Values) ->
    Sorted = lists:sort(Values),
    Median = lists:nth((length(Sorted) + 1) div 2, Sorted),
    io:format("erlang ~s median=~.3f runs=~p all=~w~n", [Name, float(Median), length(Values),
                                                          [round3(V) || V <- Values]]).

round3(V) -> round(V * 1000) / 1000.

%% spawn + one message + exit, N processes; microseconds per process.
spawn_run(N) ->
    %% The parent collects N replies: keep them off its heap, or every GC copies the whole queue.
    process_flag(message_queue_data, off_heap),
    Self = self(),
    T0 = erlang:monotonic_time(nanosecond),
    spawn_loop(N, Self),
    wait_done(N),
    (erlang:monotonic_time(nanosecond) - T0) / 1000 / N.

spawn_loop(0, _) -> ok;
spawn_loop(I, Parent) ->
    P = spawn(fun() -> receive go -> Parent ! done end end),
    P ! go,
    spawn_loop(I - 1, Parent).

wait_done(0) -> ok;
wait_done(I) -> receive done -> wait_done(I - 1) end.

%% memory per idle process, after GC: erlang:memory(processes) delta / N.
idle_mem(N) ->
    erlang:garbage_collect(),
    Before = erlang:memory(processes),
    Pids = [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, N)],
    erlang:garbage_collect(),
    timer:sleep(200),
    After = erlang:memory(processes),
    [P ! stop || P <- Pids],
    timer:sleep(200),
    (After - Before) / N.

%% message round trip between two processes; microseconds per round trip.
round_trip(Rounds) ->
    Pong = spawn(fun pong/0),
    T0 = erlang:monotonic_time(nanosecond),
    ping(Pong, Rounds),
    T = erlang:monotonic_time(nanosecond) - T0,
    Pong ! stop,
    T / 1000 / Rounds.

ping(_, 0) -> ok;
ping(Pong, I) -> Pong ! {self(), I}, receive I -> ping(Pong, I - 1) end.

pong() -> receive {From, I} -> From ! I, pong(); stop -> ok end.
