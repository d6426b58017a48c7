// The publish path's cost against the analysis, in CPU time (issue 21's "publishing" lever): findings converted
// to LSP diagnostics and serialized by LSP4J as a publishDiagnostics notification, beside a fresh line map and
// the exact pipeline on the same file. Best of 6 rounds, one thread; run with the editors' JVM options:
//   java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp server/target/pyassist.jar bench/PublishBench.java FILE.py
import java.nio.file.*;
import java.lang.management.*;
import java.util.*;
import dev.pyassist.diagnostics.*;
import dev.pyassist.config.Settings;
import dev.pyassist.lsp.*;
import org.eclipse.lsp4j.*;
import org.eclipse.lsp4j.jsonrpc.json.MessageJsonHandler;
import org.eclipse.lsp4j.jsonrpc.messages.NotificationMessage;
import org.eclipse.lsp4j.jsonrpc.services.ServiceEndpoints;
public class PublishBench {
  static ThreadMXBean tm = ManagementFactory.getThreadMXBean();
  public static void main(String[] a) throws Exception {
    String src = Files.readString(Path.of(a[0]));
    var pipe = dev.pyassist.analysis.AnalysisModule.exactPipeline();
    List<Finding> findings = pipe.analyze(src, Settings.defaults());
    var methods = new LinkedHashMap<String, org.eclipse.lsp4j.jsonrpc.json.JsonRpcMethod>();
    methods.putAll(ServiceEndpoints.getSupportedMethods(PyassistClient.class));
    var json = new MessageJsonHandler(methods);
    var doc = new TextDocument("file:///x.py", 1, src);
    int n = 400; double best = 1e9, bestLines = 1e9, bestAnalyze = 1e9; int bytes = 0;
    for (int round = 0; round < 6; round++) {
      long t0 = tm.getCurrentThreadCpuTime();
      for (int i = 0; i < n; i++) {
        var d = DiagnosticsConverter.toLsp(findings, doc.lines(), dev.pyassist.text.PositionEncoding.UTF16);
        var msg = new NotificationMessage(); msg.setMethod("textDocument/publishDiagnostics");
        msg.setParams(new PublishDiagnosticsParams(doc.uri(), d, 1));
        bytes = json.serialize(msg).length();
      }
      long t1 = tm.getCurrentThreadCpuTime();
      for (int i = 0; i < 40; i++) new dev.pyassist.text.LineMap(src);
      long t2 = tm.getCurrentThreadCpuTime();
      for (int i = 0; i < 10; i++) pipe.analyze(src, Settings.defaults());
      long t3 = tm.getCurrentThreadCpuTime();
      best = Math.min(best, (t1 - t0) / 1e6 / n); bestLines = Math.min(bestLines, (t2 - t1) / 1e6 / 40);
      bestAnalyze = Math.min(bestAnalyze, (t3 - t2) / 1e6 / 10);
    }
    System.out.printf("%d findings, %d bytes: convert+serialize %.3f ms; a fresh line map %.3f ms; the analysis %.2f ms (CPU, best of 6)%n",
        findings.size(), bytes, best, bestLines, bestAnalyze);
  }
}
