# Throughput of the classify stage against the in-flight bound (Benchmarks/run-e2e.sh's sweep).
# gnuplot -e "data='bench-results/RUN/sweep.dat'; cpipe=123456; out='docs/benchmarks-inflight.png'" inflight-chart.gp
# sweep.dat lines: "per-partition|total BOUND MSG_PER_S PEAK_RSS_MB".
set terminal pngcairo size 900,520 font "sans,11" noenhanced
set output out
set title "Classify stage throughput vs in-flight bound (dev-broker, 2 cores)"
set xlabel "in-flight bound (messages, log scale)"
set ylabel "messages / s"
set logscale x
set yrange [0:*]
set grid
set key top left box opaque
set format y "%.0f"
plot data using (strcol(1) eq "per-partition" ? $2 : 1/0):3 with linespoints lw 2 pt 7 \
         title "BW_MAX_IN_FLIGHT_PER_PARTITION (total 7500)", \
     data using (strcol(1) eq "total" ? $2 : 1/0):3 with linespoints lw 2 pt 5 \
         title "BW_MAX_IN_FLIGHT_TOTAL (per partition 2000)", \
     cpipe with lines dt 2 lw 2 title "C pipe (reference, same run)"
