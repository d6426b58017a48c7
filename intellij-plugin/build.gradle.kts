// IntelliJ Platform Gradle Plugin 2.x; every version comes from gradle.properties (this plugin's through
// settings.gradle.kts).
plugins {
    java
    id("org.jetbrains.intellij.platform")
}

group = providers.gradleProperty("pluginGroup").get()
version = providers.gradleProperty("pluginVersion").get()

java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(providers.gradleProperty("javaVersion").get().toInt())
    }
}

repositories {
    mavenCentral()
    intellijPlatform {
        defaultRepositories()
    }
}

// LSP4IJ provides LSP4J in its own class loader; a second copy in this plugin causes ClassCastExceptions. We compile
// against LSP4IJ's copy (the plugin dependency) and keep any LSP4J out of what is bundled (the runtime class path).
configurations.runtimeClasspath {
    exclude(group = "org.eclipse.lsp4j")
}

dependencies {
    intellijPlatform {
        create(providers.gradleProperty("platformType"), providers.gradleProperty("platformVersion"))
        plugin("com.redhat.devtools.lsp4ij", providers.gradleProperty("lsp4ijVersion").get())
        pluginVerifier()
    }
}

intellijPlatform {
    // No GUI-designer forms or @NotNull instrumentation needed.
    instrumentCode = false
    pluginConfiguration {
        version = providers.gradleProperty("pluginVersion")
        ideaVersion {
            sinceBuild = providers.gradleProperty("pluginSinceBuild")
            untilBuild = provider { null }
        }
    }
    pluginVerification {
        ides {
            recommended()
        }
    }
}

val serverJar = layout.projectDirectory.file(providers.gradleProperty("serverJar").get())
val templateDir = layout.projectDirectory.dir("template/pyassist")

tasks {
    // The plugin's default initialization options are the template's: one file, two clients.
    processResources {
        from(templateDir.file("initializationOptions.json")) {
            into("dev/pyassist/intellij")
        }
    }

    // The server jar goes to <plugin>/server/, not lib/: it shades LSP4J, which must stay off the plugin class path.
    prepareSandbox {
        from(serverJar) {
            // The sandbox and the zip name the plugin's folder after the Gradle project (settings.gradle.kts).
            into("${project.name}/server")
        }
        doFirst {
            check(serverJar.asFile.isFile) {
                "build the server first: mvn -q -B -DskipTests package (missing ${serverJar.asFile})"
            }
        }
    }

    // The distribution must carry the server, and no LSP4J classes in lib/.
    register("checkBundle") {
        dependsOn(buildPlugin)
        val zip = buildPlugin.flatMap { it.archiveFile }
        doLast {
            val names = java.util.zip.ZipFile(zip.get().asFile).use { z -> z.entries().toList().map { it.name } }
            check(names.any { it.endsWith("/server/pyassist.jar") }) { "server/pyassist.jar missing from the plugin" }
            val lsp4j = names.filter { it.contains("/lib/") && it.contains("lsp4j") }
            check(lsp4j.isEmpty()) { "LSP4J must not be bundled: $lsp4j" }
        }
    }
}
