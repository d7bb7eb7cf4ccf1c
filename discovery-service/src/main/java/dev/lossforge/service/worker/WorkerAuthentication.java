package dev.lossforge.service.worker;

import dev.lossforge.service.web.UnauthorizedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every request under /api/worker carries {@code Authorization: Bearer <worker token>}. */
@Configuration(proxyBeanMethods = false)
class WorkerAuthentication implements WebMvcConfigurer {

    private final WorkerToken token;

    WorkerAuthentication(WorkerToken token) {
        this.token = token;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                String header = request.getHeader("Authorization");
                if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    throw new UnauthorizedException("worker requests need the header 'Authorization: Bearer <worker token>'");
                }
                if (!token.matches(header.substring(7).trim())) {
                    throw new UnauthorizedException("wrong worker token");
                }
                return true;
            }
        }).addPathPatterns("/api/worker/**");
    }
}
