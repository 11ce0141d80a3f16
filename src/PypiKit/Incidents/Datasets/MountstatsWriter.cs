using System.Text;

namespace PypiKit.Incidents.Datasets;

/// <summary>Writes two timestamped <c>/proc/self/mountstats</c> snapshots, at the start and the end, with the EFS
/// mount's NFS per-op counters grown by the requests served (what <c>MountstatsParser</c> reads).</summary>
internal static class MountstatsWriter
{
    public static string Write(IncidentScenario sc, int requests)
    {
        var inv = StressCurve.Inv;
        var sb = new StringBuilder();
        string dev = "fs-0a1b2c3d4e5f67890.efs." + sc.Region + ".amazonaws.com:/";
        string mnt = "/var/lib/ecs/volumes/ecs-pypiserver-3-packages-e8d2f5a1b0c3";
        (string Op, double PerReq)[] ops = [("NULL", 0), ("READ", 0.45), ("WRITE", 0), ("OPEN", 0.5), ("CLOSE", 0.5), ("ACCESS", 1.2),
            ("GETATTR", 3.1), ("LOOKUP", 2.2), ("READDIR", 0.6), ("FSINFO", 0), ("SERVER_CAPS", 0)];
        var baseOps = ops.Select(o => (long)(o.PerReq * 180_000)).ToArray();
        double baseRtt = sc.NfsRttMs.Calm;
        for (int snap = 0; snap < 2; snap++)
        {
            var t = snap == 0 ? sc.Start : sc.End;
            double frac = snap == 0 ? 0 : 1;
            sb.Append(inv, $"{t:yyyy-MM-dd'T'HH:mm:ss'Z'}\n");
            sb.Append("device proc mounted on /proc with fstype proc\n");
            sb.Append("device /dev/nvme0n1p1 mounted on / with fstype xfs\n");
            sb.Append(inv, $"device {dev} mounted on {mnt} with fstype nfs4 statvers=1.1\n");
            sb.Append("\topts:\trw,vers=4.1,rsize=1048576,wsize=1048576,namlen=255,acregmin=3,acregmax=60,acdirmin=30,acdirmax=60,hard,noresvport,proto=tcp,port=20049,timeo=600,retrans=2,sec=sys,clientaddr=127.0.0.1,local_lock=none\n");
            sb.Append(inv, $"\tage:\t{259200 + (long)(t - sc.Start).TotalSeconds}\n");
            sb.Append("\tcaps:\tcaps=0x3ffbffff,wtmult=512,dtsize=32768,bsize=0,namlen=255\n");
            sb.Append("\tsec:\tflavor=1,pseudoflavor=1\n");
            sb.Append("\tevents:\t1021 48211 12 940 39120 2210 55110 0 0 1802 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
            sb.Append("\tbytes:\t981231412 0 0 0 981231412 0 239561 0\n");
            sb.Append("\tRPC iostats version: 1.1  p/v: 100003/4 (nfs)\n");
            sb.Append("\txprt:\ttcp 0 0 1 0 2 412113 412113 0 1918231 0 2 1204 41201\n");
            sb.Append("\tper-op statistics\n");
            for (int o = 0; o < ops.Length; o++)
            {
                long n0 = baseOps[o], dn = (long)(ops[o].PerReq * requests * 3 * frac);
                long n = n0 + dn;
                double rttIncident = sc.NfsRttMs.At(0.6);
                long rtt = (long)(n0 * baseRtt + dn * rttIncident), exe = (long)(rtt * 1.08 + n * 0.05), queue = (long)(n * 0.02);
                long sent = n * 180, recv = ops[o].Op == "READ" ? n * 48_000 : n * 240;
                sb.Append(inv, $"\t{ops[o].Op,12}: {n} {n} 0 {sent} {recv} {queue} {rtt} {exe} 0\n");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
