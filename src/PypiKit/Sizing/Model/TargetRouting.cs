namespace PypiKit.Sizing.Model;

/// <summary>How the balancer spreads requests over the targets that serve a burst.</summary>
public enum TargetRouting
{
    /// <summary>
    /// Each request to the next target in turn (an ALB target group's default). Every target queues its own requests, so
    /// one can hold a backlog while another has idle workers: the tails are those of T separate queues.
    /// </summary>
    RoundRobin,
    /// <summary>
    /// The target with the fewest requests in flight. The backlogs stay level, so the targets behave nearly as one pool
    /// of workers with one queue.
    /// </summary>
    LeastOutstandingRequests,
}
